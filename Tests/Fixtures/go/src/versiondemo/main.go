package main

import "os"

// version is set at link time: -ldflags "-X main.version=1.4.0".
var version = "dev"

func main() {
	os.Stdout.WriteString("versiondemo " + version + "\n")
}
