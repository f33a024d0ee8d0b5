// libsystemc provides main() and calls sc_main(); hcmsim and its tests have
// their own main() that elaborates and runs SystemC explicitly, so sc_main is
// never called. The shared library still needs the symbol to link.
extern "C" int sc_main(int, char**) { return 0; }
