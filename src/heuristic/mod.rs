//! Starting rotas for the solver: a constructive rota (`greedy`), then a local search
//! that moves single duties between people while it lowers the objective (`improve`).
//! HiGHS proves far more, far sooner, from a good start than from a cold one.

mod greedy;
mod improve;
mod legal;

pub use greedy::greedy;
pub use improve::improve;
pub use legal::{grouping_is_legal, person_is_legal};

use crate::domain::{Rota, Scenario};

/// The best starting rota rota can build quickly for grouping g.
pub fn start(s: &Scenario, g: usize) -> Rota {
    let mut rota = greedy(s, g);
    let debug = std::env::var_os("ROTA_HIGHS_LOG").is_some();
    let show = |what: &str, rota: &Rota| {
        if debug {
            let f = crate::report::evaluate::grouping_figures(s, rota, g);
            eprintln!(
                "{what}: objective {} spread {} comp owed {} unit short {} short {} prefs {}",
                f.objective, f.spread, f.comp_owed, f.unit_shortfall, f.shortfall, f.preferences_unmet
            );
        }
    };
    show("greedy", &rota);
    improve(s, g, &mut rota);
    show("improved", &rota);
    rota
}
