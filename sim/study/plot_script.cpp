#include "plot_script.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/common/atomic_file.hpp"
#include "sim/common/content_hash.hpp"
#include "sim/common/input_error.hpp"
#include "sim/report/program_version.hpp"

namespace hcm {

namespace fs = std::filesystem;

namespace {

std::string terminalFor(const std::string& out) {
    const auto dot = out.rfind('.');
    const std::string ext = dot == std::string::npos ? "" : out.substr(dot + 1);
    if (ext == "svg") return "set terminal svg size 900,600 dynamic noenhanced font 'sans,11'";
    if (ext == "png") return "set terminal pngcairo size 1200,800 noenhanced font 'sans,11'";
    throwInputError({out, 0, 0}, "", "plot output must end in .svg or .png");
}

}  // namespace

std::string quoteGp(const std::string& s) {
    std::string o = "'";
    for (char c : s) o += c == '\'' ? std::string("''") : std::string(1, c);
    return o + "'";
}

std::string plotScript(const PlotSource& src, const std::string& out, const std::string& body) {
    const std::string name = fs::path(out).filename().string();
    std::ostringstream gp;
    gp << "# hcmsim plot " << src.kind << " of " << src.input << ", " << programVersion() << "\n"
       << "# Redraw it:                      gnuplot -c " << name << ".gp\n"
       << "# The same plot of other data:    gnuplot -c " << name << ".gp OTHER.dat OTHER.svg\n"
       << "# (the data as " << name << ".dat has it; a path is relative to where gnuplot runs)\n"
       << "dir = system(sprintf(\"dirname '%s'\", ARG0))\n"
       << "data = ARGC >= 1 ? ARG1 : dir.'/" << name << ".dat'\n"
       << "output = ARGC >= 2 ? ARG2 : dir.'/" << name << "'\n"
       << terminalFor(out) << "\nset output output\n"
       << body;
    return gp.str();
}

std::string dataHeader(const PlotSource& src, const std::string& columns) {
    return "# hcmsim plot " + src.kind + " of " + src.input + " (content hash " + fileContentHash(src.input) + "), " +
           programVersion() + "\n# " + columns + "\n";
}

void runGnuplot(const std::string& script, const std::string& out, const PlotSource& src) {
    if (std::system("command -v gnuplot >/dev/null 2>&1") != 0)
        throwInputError({}, "plot", "gnuplot is not installed (apt-get install gnuplot-nox)");
    const std::string gp = out + ".gp";
    writeFileAtomic(gp, script);
    // gnuplot writes the image itself: to a temporary name, renamed after.
    const std::string tmp = out + ".tmp";
    const std::string cmd = "gnuplot -c " + quoteGp(gp) + " " + quoteGp(out + ".dat") + " " + quoteGp(tmp) + " 2>" +
                            quoteGp(out + ".gnuplot.log");
    if (std::system(cmd.c_str()) != 0)
        throwInputError({gp, 0, 0}, "", "gnuplot failed (see " + out + ".gnuplot.log)");
    std::remove((out + ".gnuplot.log").c_str());
    if (out.size() > 4 && out.compare(out.size() - 4, 4, ".svg") == 0) {
        // Where the picture comes from, inside it.
        std::ifstream in(tmp);
        std::stringstream svg;
        svg << in.rdbuf();
        std::string text = svg.str();
        const size_t afterDecl = text.rfind("?>", 200) == std::string::npos ? 0 : text.find("?>") + 2;
        text.insert(afterDecl, "\n<!-- hcmsim plot " + src.kind + " of " + src.input + " (content hash " +
                                   fileContentHash(src.input) + "), " + programVersion() + " -->");
        writeFileAtomic(tmp, text);
    }
    if (std::rename(tmp.c_str(), out.c_str()) != 0) throwInputError({out, 0, 0}, "", "cannot write plot");
}

}  // namespace hcm
