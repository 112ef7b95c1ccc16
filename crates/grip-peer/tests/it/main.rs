//! Integration tests for grip-peer: dictionaries, coders and the peers' suites.

mod dictionaries;
mod petrarch;
mod suites;
mod tabari;
