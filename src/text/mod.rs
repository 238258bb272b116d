//! Text rules: Vietnamese conventions, legacy encodings, the inline
//! mini-syntax and XML escaping.

pub mod inline;
pub mod legacy;
pub mod vn;
pub mod xml;
