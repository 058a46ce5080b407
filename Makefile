# eksim — build, test and benchmark.
#
#   make                 release build (-O2 -g) of ./eksim
#   make check           build and run every test binary; last line "check: N passed, M failed"
#   make check SANITIZE=1   same under AddressSanitizer + UndefinedBehaviorSanitizer (build/san/)
#   make bench           eksim's own benchmarks (kernel hold model, M/M/3, full model at scale)
#   make bench-peers PEERS=../shared/bench/peers   the peers' run.sh with eksim plugged in
#   make fuzz            libFuzzer over the scenario loader and distribution parser (FUZZ_SECONDS)
#   WERROR=1             turn warnings into errors (CI does)
#
# Sources are discovered: every sim/*/*.c except sim/cli/main.c goes into build/libeksim.a,
# every tests/test-*.c becomes one test binary, so adding a module needs no Makefile edit.

CC      ?= cc
OPT     ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wno-overlength-strings
ifeq ($(WERROR),1)
WARN    += -Werror
endif
PKGS    := glib-2.0 gsl json-glib-1.0 yaml-0.1
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

BUILD   := build
ifneq ($(SANITIZE),)
BUILD   := build/san
OPT     := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDSAN   := -fsanitize=address,undefined
endif

CPPFLAGS += -Isim -D_GNU_SOURCE -DG_LOG_DOMAIN=\"eksim\" -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_66
CFLAGS  := $(OPT) $(WARN) $(PKG_CFLAGS) -MMD -MP
LDLIBS  := $(PKG_LIBS) -lm
LDFLAGS += $(LDSAN) -pthread

LIB_SRC  := $(sort $(filter-out sim/cli/main.c,$(wildcard sim/*/*.c)))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/sim/cli/main.o
TEST_SRC := $(sort $(wildcard tests/test-*.c))
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TESTLIB_SRC := $(sort $(wildcard tests/support/*.c))
TESTLIB_OBJ := $(TESTLIB_SRC:%.c=$(BUILD)/%.o)
# The gnuplot templates plots/*.gp are built into eksim (GResource), so it draws plots from any
# folder; eksim plot --templates DIR reads restyled copies instead.
PLOTS_GP := $(sort $(wildcard plots/*.gp))
GEN_RES  := $(BUILD)/gen/plots-resource.c
LIB_OBJ  += $(GEN_RES:.c=.o)
LIB      := $(BUILD)/libeksim.a
EKSIM    := $(BUILD)/eksim

.PHONY: all check bench bench-peers fuzz clean
.SECONDARY:
all: $(EKSIM)
ifeq ($(SANITIZE),)
all: eksim
eksim: $(EKSIM)
	cp $< $@
endif

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/gen/plots.gresource.xml: $(PLOTS_GP) Makefile
	@mkdir -p $(dir $@)
	@{ echo '<?xml version="1.0" encoding="UTF-8"?>'; echo '<gresources><gresource prefix="/eksim/plots">'; \
	  for f in $(notdir $(PLOTS_GP)); do echo "<file>$$f</file>"; done; echo '</gresource></gresources>'; } >$@

$(GEN_RES): $(BUILD)/gen/plots.gresource.xml $(PLOTS_GP)
	glib-compile-resources --sourcedir=plots --generate-source --c-name eksim_plots --target=$@ $<

$(GEN_RES:.c=.o): $(GEN_RES)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(EKSIM): $(MAIN_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(TESTLIB_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Test binaries run from the project root with EKSIM pointing at the binary under test.
check: $(EKSIM) $(TEST_BIN)
	@EKSIM=$(EKSIM) BUILD=$(BUILD) tests/run-tests.sh $(TEST_BIN)

bench: $(EKSIM)
	@EKSIM=$(EKSIM) tests/bench/run-bench.sh

PEERS ?= ../shared/bench/peers
bench-peers: $(EKSIM)
	@EKSIM=$(EKSIM) PEERS=$(PEERS) tests/bench/run-peers.sh

# Exploring: FUZZ_SECONDS with a random seed. Gating (CI): FUZZ_RUNS inputs from FUZZ_SEED.
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?=
FUZZ_SEED ?= 1
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_SEED=$(FUZZ_SEED) tests/fuzz/run-fuzz.sh

clean:
	rm -rf build eksim

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_BIN:=.d) $(TESTLIB_OBJ:.o=.d)
