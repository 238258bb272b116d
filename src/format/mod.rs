//! The YAML format as a clerk writes it: the raw types and the loader that
//! turns a file into them with located errors.

pub mod blocks;
pub mod load;
pub mod project;
pub mod raw;
