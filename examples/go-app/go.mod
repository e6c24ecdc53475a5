module github.com/acme/go-app

go 1.25.3
