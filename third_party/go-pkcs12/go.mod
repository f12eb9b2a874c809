module software.sslmate.com/src/go-pkcs12

go 1.19

require golang.org/x/crypto v0.11.0 // indirect
