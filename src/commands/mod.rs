//! The subcommands, one file each: parse the arguments' meaning, drive the
//! [`engine`](crate::engine), report. Nothing below this folder imports it.

pub mod archive;
pub mod check;
pub mod cli;
pub mod edit;
pub mod edxml;
pub mod issue;
pub mod new;
pub mod register;
pub mod remind;
pub mod render;
pub mod sign;
