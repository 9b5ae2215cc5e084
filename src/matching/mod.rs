//! Matching draft sentences to ledger claims (placeholder until the matcher lands).
