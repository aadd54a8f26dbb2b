//! The one integration test binary: CLI, reader goldens, and each writer's outputs checked
//! by the real validators of its format.

mod common;

mod crossformat;

mod a11y;
mod adversarial;
mod batch;
mod check;
mod cli;
mod conformance;
mod epub;
mod fonts;
mod fuzz;
mod html;
mod pages;
mod pdf;
mod reader;
mod regressions;
mod safety;
mod theme;
mod typeset;
