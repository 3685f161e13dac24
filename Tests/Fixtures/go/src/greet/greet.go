package greet

// Greeting returns the greeting the fixture prints.
func Greeting() string { return "hello from greet" }
