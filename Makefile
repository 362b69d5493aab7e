# Makefile - thin wrapper over the scripts for those who have make.
.PHONY: all run test bench fuzz lint clean
all:
	bash scripts/build.sh build
run:
	bash scripts/run.sh
test:
	bash scripts/test.sh
bench:
	bash scripts/bench-all.sh
fuzz:
	bash scripts/fuzz.sh 60
lint:
	bash scripts/lint.sh
clean:
	rm -rf build build-asan build-fuzz build-bench out
