//! The real binary in a pseudo-terminal (filled in below).
