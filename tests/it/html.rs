//! Tests for html (filled in by its issue).
