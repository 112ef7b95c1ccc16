//! Tests for CoNLL-U reading and writing: round trips, skipped lines and errors naming lines.

use expect_test::{expect, Expect};

use super::*;

#[track_caller]
fn check_error(input: &str, expect: Expect) {
    let error = parse(input).expect_err("the input is invalid");
    expect.assert_eq(&error.to_string());
}

const SAMPLE: &str = "\
# sent_id = test-1
# text = Don't go.
1-2\tDon't\t_\t_\t_\t_\t_\t_\t_\t_
1\tDo\tdo\tAUX\tVBP\tMood=Ind\t3\taux\t3:aux\t_
2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t3:advmod\t_
3\tgo\tgo\tVERB\tVB\tVerbForm=Inf\t0\troot\t0:root\tSpaceAfter=No
3.1\tgone\tgo\tVERB\tVBN\t_\t_\t_\t3:conj\t_
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t3:punct\t_

1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t0:root\t_
";

#[test]
fn reads_words_and_skips_ranges_and_empty_nodes() {
    let sentences = parse(SAMPLE).expect("the sample is valid");
    assert_eq!(sentences.len(), 2);
    let first = &sentences[0];
    assert_eq!(first.sent_id(), Some("test-1"));
    assert_eq!(first.text(), Some("Don't go."));
    assert_eq!(first.forms(), vec!["Do", "n't", "go", "."]);
    assert_eq!(first.words[2].head, Some(0));
    assert_eq!(first.words[2].misc, "SpaceAfter=No");
    assert!(first.has_tree());
    assert_eq!(sentences[1].forms(), vec!["Yes"]);
}

#[test]
fn writes_what_it_reads() {
    let sentences = parse(SAMPLE).expect("the sample is valid");
    let written = write(&sentences);
    expect![[r#"
        # sent_id = test-1
        # text = Don't go.
        1	Do	do	AUX	VBP	Mood=Ind	3	aux	3:aux	_
        2	n't	not	PART	RB	_	3	advmod	3:advmod	_
        3	go	go	VERB	VB	VerbForm=Inf	0	root	0:root	SpaceAfter=No
        4	.	.	PUNCT	.	_	3	punct	3:punct	_

        1	Yes	yes	INTJ	UH	_	0	root	0:root	_

    "#]]
    .assert_eq(&written);
    assert_eq!(parse(&written).expect("written CoNLL-U is valid"), sentences);
}

#[test]
fn accepts_crlf_and_a_missing_final_blank_line() {
    let sentences = parse("1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\r\n").expect("valid");
    assert_eq!(sentences.len(), 1);
    assert_eq!(sentences[0].words[0].deps, "_");
}

#[test]
fn errors_name_the_line() {
    check_error("# c\n1\tHi\thi\tINTJ\n", expect!["conllu line 2: expected 10 tab-separated columns, found 4"]);
    check_error(
        "1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_\n3\tb\tb\tNOUN\tNN\t_\t0\troot\t_\t_\n",
        expect!["conllu line 2: expected word ID 2, found 3"],
    );
    check_error("1\tA\ta\tDET\tDT\t_\tx\tdet\t_\t_\n", expect![[r#"conllu line 1: invalid HEAD "x""#]]);
    check_error(
        "1\tA\ta\tDET\tDT\t_\t0\troot\t_\t_\n2\tb\tb\tNOUN\tNN\t_\t7\tdep\t_\t_\n",
        expect!["conllu line 2: HEAD 7 is beyond the last word of the sentence (2)"],
    );
    check_error(
        "one\ttwo\tthree\tfour\tfive\tsix\tseven\teight\tnine\tten\n",
        expect![[r#"conllu line 1: invalid word ID "one""#]],
    );
}

#[test]
fn unannotated_heads_are_none() {
    let sentences = parse("1\tHi\t_\t_\t_\t_\t_\t_\t_\t_\n").expect("valid");
    assert_eq!(sentences[0].words[0].head, None);
    assert!(!sentences[0].has_tree());
}

#[test]
fn fields_with_tabs_or_newlines_stay_on_their_line() {
    let sentence = Sentence {
        comments: vec!["text = a\tb".to_owned()],
        words: vec![Word {
            form: "a\tb\nc".to_owned(),
            lemma: String::new(),
            head: Some(0),
            deprel: "root".to_owned(),
            ..Word::default()
        }],
    };
    let written = write(std::slice::from_ref(&sentence));
    let reread = parse(&written).expect("written CoNLL-U is valid");
    assert_eq!(reread[0].words[0].form, "a b c");
    assert_eq!(reread[0].words[0].lemma, "_");
}
