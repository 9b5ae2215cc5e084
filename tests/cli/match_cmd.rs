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

/// In a draft, `match` judges a sentence as `check` does: a name the sentence leaves to the sentences before it
/// ("the operator") counts as named, and the match says so; `--text`, a sentence alone, has no sentences before.
#[test]
fn match_in_a_draft_counts_the_names_of_the_sentences_before() {
    let env = Env::new();
    let claim = "Harbour Telecom said as many as 1.8 million customers may have been exposed by the breach.";
    let id = env.run(&["claim", "add", "-q", claim]).ok().trim().to_owned();
    let sentence = "The operator said as many as 1.8 million customers may have been exposed.";
    let candidate = |v: &serde_json::Value| {
        v["candidates"].as_array().unwrap().iter().find(|c| c["id"] == id.as_str()).cloned().unwrap()
    };
    let alone: serde_json::Value =
        serde_json::from_str(env.run(&["match", "--text", sentence, "--format", "json"]).ok()).unwrap();
    let alone = candidate(&alone);
    assert_eq!(alone["decision"], "none", "{alone}");
    assert!(alone.get("named_before").is_none(), "{alone}");
    assert_eq!(alone["lacks"]["names"], serde_json::json!(["Harbour Telecom"]), "{alone}");

    let draft = env.write(
        "draft.md",
        &format!("Harbour Telecom confirmed a breach of its billing systems on Monday.\n\n{sentence}\n"),
    );
    let run = env.run(&["match", draft.to_str().unwrap(), "--format", "json"]);
    let rows: Vec<serde_json::Value> = run.ok().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 2, "{}", run.stdout);
    let lent = &rows[1]["candidates"][0];
    assert_eq!(lent["id"], id.as_str(), "{lent}");
    assert_eq!(lent["decision"], "match", "{lent}");
    assert_eq!(lent["named_before"], true, "{lent}");
    assert!(lent.get("lacks").is_none(), "{lent}");
    let human = env.run(&["match", draft.to_str().unwrap()]);
    assert!(human.ok().contains("match, with the names of the sentences before"), "{}", human.stdout);
    // `check` agrees: the sentence is the claim's, not an unsourced one of its own.
    let check = env.run(&["check", draft.to_str().unwrap(), "--format", "json"]);
    assert!(check.stdout.contains(&id[..12]), "{}", check.stdout);

    // A name given too long before does not count, in `match` as in `check`.
    let filler: String = (0..10).map(|i| format!("The weather in Lyon was mild on day {i}.\n\n")).collect();
    let draft =
        env.write("draft.md", &format!("Harbour Telecom confirmed a breach on Monday.\n\n{filler}{sentence}\n"));
    let run = env.run(&["match", draft.to_str().unwrap(), "--format", "json"]);
    let last: serde_json::Value = serde_json::from_str(run.ok().lines().last().unwrap()).unwrap();
    assert_eq!(candidate(&last)["decision"], "none", "{last}");
}

/// A sentence whose clause restates a claim that the whole sentence, with its other clause, does not: `match`
/// names the clause, as `check` takes the claim for it and reports only the part the claim leaves uncovered.
#[test]
fn match_names_the_clause_that_restates_a_claim() {
    let env = Env::new();
    let claim = "In February 2023 the Kazakh government raised electricity tariffs by 14 percent.";
    let id = env.run(&["claim", "add", "-q", claim]).ok().trim().to_owned();
    let sentence = "The government lifts electricity tariffs by 14 percent; hurried moves to win approval while the \
                    regulator was abroad.";
    let clause = "The government lifts electricity tariffs by 14 percent";
    let run = env.run(&["match", "--text", sentence, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let first = &v["candidates"][0];
    assert_eq!(first["id"], id.as_str(), "{v}");
    assert_eq!(first["decision"], "match", "{v}");
    assert_eq!(first["clause"], clause, "{v}");
    assert!(first.get("named_before").is_none(), "{v}");
    // What the claim adds is told against the clause.
    assert_eq!(first["lacks"]["names"], serde_json::json!(["Kazakh"]), "{v}");
    let human = env.run(&["match", "--text", sentence]);
    assert!(human.ok().contains(&format!("match, by the clause \"{clause}\"")), "{}", human.stdout);
    // `check` takes the same claim: the clause is covered (the claim has no source), the rest is the writer's.
    let draft = env.write("draft.md", &format!("{sentence}\n"));
    let check = env.run(&["check", draft.to_str().unwrap(), "--format", "json"]);
    assert!(check.stdout.contains(&id[..12]), "{}", check.stdout);

    // A sentence that matches the claim whole names no clause.
    let run = env.run(&["match", "--text", claim, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(v["candidates"][0]["decision"], "match", "{v}");
    assert!(v["candidates"][0].get("clause").is_none(), "{v}");
}
