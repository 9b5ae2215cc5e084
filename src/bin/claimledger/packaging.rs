//! `completions` and `man`: the command line described for shells and for `man`, generated from the same
//! clap definition as `--help`, so they never drift from it.

use std::io::Write;

use clap::CommandFactory;

use crate::args::{Cli, CompletionsArgs, ManArgs};
use crate::context::{note, stdout};
use crate::{Outcome, Result};

pub fn completions(args: &CompletionsArgs) -> Result {
    let mut out = stdout();
    clap_complete::generate(args.shell, &mut Cli::command(), "claimledger", &mut out);
    out.flush()?;
    Ok(Outcome::Clean)
}

pub fn man(args: &ManArgs) -> Result {
    let command = Cli::command();
    match &args.dir {
        None => {
            let mut out = stdout();
            clap_mangen::Man::new(command).render(&mut out)?;
            out.flush()?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
            clap_mangen::generate_to(command, dir).map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
            note(format_args!("wrote the man pages into {}", dir.display()));
        }
    }
    Ok(Outcome::Clean)
}
