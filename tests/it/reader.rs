//! Tests for reader (filled in by its issue).
