//! Tests for epub (filled in by its issue).
