// The command line: kassa serve | sandbox | migrate | check-config.
print("kassa: not yet wired")
