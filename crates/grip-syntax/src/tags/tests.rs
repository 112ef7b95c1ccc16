//! Tests for the tag sets: labels round-trip and class numbers fit the model format.

use super::*;

#[test]
fn labels_round_trip() {
    for upos in Upos::ALL {
        assert_eq!(Upos::from_label(upos.as_str()), Some(*upos));
        assert_eq!(Upos::from_index(upos.index()), Some(*upos));
    }
    for deprel in Deprel::ALL {
        assert_eq!(Deprel::from_label(deprel.as_str()), Some(*deprel));
    }
    assert_eq!(XPOS_TAGS[usize::from(XPOS_UNKNOWN)], "XX");
    assert_eq!(XPOS_TAGS[usize::from(xpos_index("NNP"))], "NNP");
    assert_eq!(xpos_index("no such tag"), XPOS_UNKNOWN);
    assert!(Deprel::ALL.len() < 127, "two parser actions per relation must fit in a u8");
}
