//! Tests for cli (filled in by its issue).
