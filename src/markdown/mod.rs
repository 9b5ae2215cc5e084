//! Markdown drafts to sentences with source spans (placeholder until the extractor lands).
