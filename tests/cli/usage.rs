//! The README's command reference is the binary's own `--help`: a test fails when they drift apart.

#[test]
fn readme_usage_matches_help() {
    let readme = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("<!-- usage:start -->\n```text\n").expect("the README has a usage block") + 29;
    let end = readme[start..].find("```\n<!-- usage:end -->").expect("the usage block is closed") + start;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_claimledger")).arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert_eq!(&readme[start..end], help, "README usage block differs from `claimledger --help`; paste the new help");
}
