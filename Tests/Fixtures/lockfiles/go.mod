module example.com/service

go 1.21

require (
	github.com/gin-gonic/gin v1.7.0
	golang.org/x/net v0.7.0
	golang.org/x/crypto v0.0.0-20220314234659-1baeb1ce4c0b // indirect
)

require github.com/example/local v1.0.0

replace github.com/example/local => ../local

replace golang.org/x/net => golang.org/x/net v0.8.0
