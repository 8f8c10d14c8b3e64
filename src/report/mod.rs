//! Everything written after a solve: the contract's files, the summary, explanations.
//! Pure functions of the scenario and the rota.

pub mod evaluate;
pub mod explain;
pub mod files;
pub mod summary;
