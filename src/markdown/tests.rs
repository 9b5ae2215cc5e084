//! Tests of [`extract`](super::extract) on whole drafts.

use super::*;
