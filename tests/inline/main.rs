//! Inline mode (dialoguer prompts in the scrollback): the real binary in a pseudo-terminal, driven
//! with arrow keys, Space, Enter, Esc and Ctrl-C, and the sessions it saves compared with what
//! plain mode saves for the same answers.

mod pty;
