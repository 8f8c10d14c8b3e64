//! The examples of docs/scenario.md are valid: put together (with the two shifts they
//! mention but do not define), they make a scenario `rota check` accepts.

mod check_support;

use check_support::check_files;

fn toml_blocks() -> Vec<String> {
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/scenario.md")).expect("guide");
    guide.split("```toml\n").skip(1).map(|b| b.split("```").next().expect("block end").to_string()).collect()
}

#[test]
fn the_guide_examples_make_a_valid_scenario() {
    let blocks = toml_blocks();
    assert_eq!(blocks.len(), 9, "scenario, rules, weights, shift, grouping, unit, staff, requirement, calendar");
    let calendar = blocks[8].clone();
    let mut scenario = blocks[..8].join("\n");
    scenario = scenario.replacen("calendars = [\"cn\"]", "calendars = [\"cn\", \"licheng-2027.toml\"]", 1);
    scenario.push_str("\n[[shift]]\nid = \"day\"\nstart = \"08:30\"\nend = \"17:30\"\n");
    scenario.push_str("\n[[shift]]\nid = \"leader\"\nstart = \"08:30\"\nend = \"17:30\"\n");
    let c = check_files(&[
        ("scenario.toml", scenario.as_bytes()),
        ("licheng-2027.toml", calendar.as_bytes()),
        ("licheng-staff.csv", "id,name,unit,roles\nzzb01,陈远航,zzb,leader\nzzb03,林静怡,zzb,cadre\n".as_bytes()),
    ]);
    assert_eq!(c.exit, 0, "{}\n{}", c.problems.join("\n"), scenario);
    assert_eq!(c.codes(), vec!["provisional_calendar"], "{}", c.problems.join("\n"));
    // The local calendar's holiday and make-up day are counted.
    assert!(c.stdout.contains("90 days = 59 working (3 make-up), 18 weekend, 13 holiday"), "{}", c.stdout);
}
