#!/usr/bin/env bash
# The check step of the GitHub Action (action.yml at the repository root): finds the Markdown drafts that
# changed since the base revision, checks them against the ledger, writes SARIF for code scanning, prints
# annotations for the pull request, and hands the exit code on. Inputs arrive as environment variables
# (set by action.yml from the action's inputs, never pasted into the script); outputs go to $GITHUB_OUTPUT.
#
#   CL_PATHS        files or folders to look in (space separated)              default: .
#   CL_BASE         the revision to compare with                              default: see below
#   CL_CHANGED_LINES  "true": report only findings on changed lines (check --diff BASE)
#   CL_SARIF_FILE   where to write the SARIF log                              default: claimledger.sarif
#   CL_ANNOTATE     "true": also print ::error/::warning annotations
#   CL_ARGS         more arguments for `claimledger check` (space separated)
#   CL_PR_BASE      the pull request's base commit (github.event.pull_request.base.sha), if any
#   CL_PUSH_BEFORE  the commit before a push (github.event.before), if any
set -euo pipefail

paths=${CL_PATHS:-.}
sarif=${CL_SARIF_FILE:-claimledger.sarif}
output=${GITHUB_OUTPUT:-/dev/null}
read -r -a path_list <<< "$paths"
read -r -a extra <<< "${CL_ARGS:-}"

# The base: given, else where the pull request branched off, else the commit before the push.
base=${CL_BASE:-}
if [ -z "$base" ] && [ -n "${CL_PR_BASE:-}" ]; then
  base=$(git merge-base "$CL_PR_BASE" HEAD 2>/dev/null) || {
    echo "::error::cannot find where this branch left ${CL_PR_BASE}: check out with fetch-depth: 0" >&2
    exit 2
  }
elif [ -z "$base" ] && [ -n "${CL_PUSH_BEFORE:-}" ] && [ "${CL_PUSH_BEFORE}" != "0000000000000000000000000000000000000000" ]; then
  base=$CL_PUSH_BEFORE
fi
if [ -n "$base" ] && ! git rev-parse --verify --quiet "${base}^{commit}" >/dev/null; then
  echo "::error::the base revision ${base} is not in this checkout: check out with fetch-depth: 0" >&2
  exit 2
fi

drafts=()
if [ -n "$base" ]; then
  # Changed (not deleted) Markdown files since the base, then untracked ones (files a job generated).
  while IFS= read -r -d '' f; do
    case "${f,,}" in *.md | *.markdown) drafts+=("$f") ;; esac
  done < <(git diff -z --name-only --diff-filter=d "$base" -- "${path_list[@]}";
           git ls-files -z --others --exclude-standard -- "${path_list[@]}")
  diff_args=()
  [ "${CL_CHANGED_LINES:-true}" = "true" ] && diff_args=(--diff "$base")
else
  drafts=("${path_list[@]}")
  diff_args=()
fi

echo "base=${base}" >> "$output"
echo "sarif-file=${sarif}" >> "$output"
if [ ${#drafts[@]} -eq 0 ]; then
  echo "no Markdown draft changed since ${base}"
  # An empty log still tells code scanning that the check ran and found nothing.
  claimledger check --format sarif - < /dev/null > "$sarif"
  echo "exit-code=0" >> "$output"
  exit 0
fi

echo "checking ${#drafts[@]} draft(s)${base:+ changed since ${base}}"
status=0
claimledger check --format sarif "${diff_args[@]}" "${extra[@]}" "${drafts[@]}" > "$sarif" || status=$?
if [ "$status" -ge 2 ]; then
  echo "exit-code=${status}" >> "$output"
  exit "$status"
fi
if [ "${CL_ANNOTATE:-true}" = "true" ]; then
  claimledger check --format github "${diff_args[@]}" "${extra[@]}" "${drafts[@]}" || true
fi
echo "exit-code=${status}" >> "$output"
