#pragma once
// What every hcmsim plot shares: a gnuplot script kept next to the image
// (<out>.gp) that redraws it with one command and draws other data of the
// same form (`gnuplot -c <out>.gp OTHER.dat OTHER.svg`), the data it plots
// (<out>.dat), and the record of where both come from (the input and its
// content hash, the program and commit) in the script, the data and, for
// SVG, the image.
#include <string>

namespace hcm {

struct PlotSource {
    std::string kind;   // "roofline", "sweep", ...
    std::string input;  // the file the plot is drawn from
};

// The script: `body` is gnuplot text that plots the variable `data` (the
// data file) after the terminal and output are set.
std::string plotScript(const PlotSource& src, const std::string& out, const std::string& body);

// The first lines of <out>.dat: provenance, then the columns.
std::string dataHeader(const PlotSource& src, const std::string& columns);

// Writes <out>.gp and runs it on <out>.dat into <out> (a temporary name,
// renamed). InputError when gnuplot is missing or fails, or <out> is neither
// .svg nor .png.
void runGnuplot(const std::string& script, const std::string& out, const PlotSource& src);

// A string as a gnuplot single-quoted literal.
std::string quoteGp(const std::string& s);

}  // namespace hcm
