//! `match`: what it proposes for a tweet-like sentence, and what it says a non-matching candidate lacks.

use crate::Env;

#[test]
fn match_says_what_a_candidate_lacks() {
    let env = Env::new();
    let seed = env.seeded();
    let run = env.run(&["match", "--text", "Kazakhstan has close ties with its neighbours.", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let ties = v["candidates"].as_array().unwrap().iter().find(|c| c["id"] == seed.ties.as_str()).unwrap();
    assert_eq!(ties["decision"], "none");
    assert_eq!(ties["lacks"]["figures"], serde_json::json!(["1992"]));
    assert_eq!(ties["lacks"]["names"], serde_json::json!(["Israel"]));
    assert!(ties["lacks"]["words"].as_array().unwrap().iter().any(|w| w == "diplomatic"), "{ties}");
    let human = env.run(&["match", "--text", "Kazakhstan has close ties with its neighbours."]);
    assert!(human.ok().contains("lacks figures 1992; names Israel; words "), "{}", human.stdout);
}

#[test]
fn match_reads_tweets() {
    let env = Env::new();
    let seed = env.seeded();
    let tweet = "Since 1992 #Kazakhstan has kept diplomatic relations with #Israel https://t.co/AbC123xyz \
                 pic.twitter.com/0eJtwJyS1J — Desk (@SomeDesk) November 6, 2025";
    let run = env.run(&["match", "--text", tweet, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(v["candidates"][0]["id"], seed.ties.as_str(), "{v}");
}

#[test]
fn a_match_on_part_of_a_claim_says_what_the_claim_adds() {
    let env = Env::new();
    env.run(&[
        "claim",
        "add",
        "The Tengiz oil field in western Kazakhstan began production in April 1993 under a Chevron venture.",
    ])
    .ok();
    let sentence = "The Tengiz oil field began production in April 1993.";
    let run = env.run(&["match", "--text", sentence, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let first = &v["candidates"][0];
    assert_eq!(first["decision"], "match", "{v}");
    assert!(first["score"].as_f64().unwrap() < 0.75, "{v}");
    assert_eq!(first["lacks"]["names"], serde_json::json!(["Kazakhstan", "Chevron"]), "{v}");
    let human = env.run(&["match", "--text", sentence]);
    assert!(human.ok().contains("lacks names Kazakhstan, Chevron; words western, venture"), "{}", human.stdout);
    // A full match says nothing it lacks.
    let run = env.run(&[
        "match",
        "--text",
        "Under a Chevron venture, the Tengiz oil field in western Kazakhstan began production in April 1993.",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(v["candidates"][0]["decision"], "match", "{v}");
    assert!(v["candidates"][0].get("lacks").is_none(), "{v}");
}

#[test]
fn match_says_which_date_it_takes_from_a_relative_time() {
    let env = Env::new();
    env.run(&["claim", "add", "The Tengiz oil field began production in April 1993."]).ok();
    let sentence = "The Tengiz oil field began production last month, and it employs 4,000 people.";
    let run = env.run(&["match", "--text", sentence, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let first = &v["candidates"][0];
    assert_eq!(first["decision"], "match", "{v}");
    assert_eq!(first["lacks"]["relative"], serde_json::json!([["April 1993", "last month"]]), "{v}");
    let human = env.run(&["match", "--text", sentence]);
    assert!(human.ok().contains("takes \"last month\" for April 1993"), "{}", human.stdout);
}
