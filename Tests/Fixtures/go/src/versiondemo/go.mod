module example.com/versiondemo

go 1.19
