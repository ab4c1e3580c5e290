package ops

// Error is a failure an operation explains itself: the message, then a
// hint for the fix.
type Error struct{ Msg, hint string }

func (e *Error) Error() string { return e.Msg }
func (e *Error) Hint() string  { return e.hint }

func errorf(hint, msg string) *Error { return &Error{Msg: msg, hint: hint} }

// UsageError is a mistake in what the command was asked (exit status 2).
type UsageError struct{ Err error }

func (e UsageError) Error() string { return e.Err.Error() }
func (e UsageError) Unwrap() error { return e.Err }
func (e UsageError) Hint() string  { return "run `fwenv help` or add --help to the command" }
