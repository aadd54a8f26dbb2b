//! Tests for pdf (filled in by its issue).
