"""`fanzha demo`: a fictional city (示例市) to try, test and benchmark with. Never real people."""
