//! Check-worthiness detection (placeholder until the detector lands).
