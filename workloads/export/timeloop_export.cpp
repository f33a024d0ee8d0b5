#include "timeloop_export.hpp"

#include <algorithm>
#include <sstream>

namespace hcm {

namespace {

void writeProjection(std::ostream& os, const char* name, const std::vector<const char*>& axes, bool grouped,
                     bool readWrite) {
    os << "      - name: " << name << "\n        projection:\n";
    for (const char* a : axes) {
        const std::string s = a;
        if (s == "G" && !grouped) continue;
        if (s == "RP")
            os << "          - [[R, Wdilation], [P, Wstride]]   # R*Wdilation + P*Wstride (width)\n";
        else if (s == "SQ")
            os << "          - [[S, Hdilation], [Q, Hstride]]   # S*Hdilation + Q*Hstride (height)\n";
        else
            os << "          - [[" << s << "]]\n";
    }
    if (readWrite) os << "        read_write: true\n";
}

}  // namespace

std::string fileSafeName(const std::string& name) {
    std::string s;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '-' || c == '_';
        s += ok ? c : '_';
    }
    const size_t b = s.find_first_not_of("_.");
    return b == std::string::npos ? "layer" : s.substr(b);
}

std::string timeloopProblemYaml(const Layer& L, const std::string& networkName) {
    // Grouped convolutions and batched fc layers (attention heads): G
    // independent problems of C/G inputs and M/G outputs.
    const bool grouped = L.groups > 1;
    const int64_t g = L.groups;
    std::ostringstream os;
    os << "# hcmsim export of layer '" << L.name << "' (" << toString(L.op) << ") of network '" << networkName
       << "'\n";
    os << "# MACs " << L.macs() << " = " << (grouped ? "G*" : "") << "N*M*C*P*Q*R*S; weights " << L.weights()
       << "; precision " << L.prec.str() << " (Timeloop problems carry no precision)\n";
    os << "# Timeloop's R and P run along the width (Wstride), S and Q along the height (Hstride).\n";
    if (L.op == LayerOp::Conv)
        os << "# hcmsim input C x H x W = " << L.c << " x " << L.h << " x " << L.w << ", groups " << L.groups
           << ", pads [top, left, bottom, right] = [" << L.pad_top << ", " << L.pad_left << ", " << L.pad_bottom
           << ", " << L.pad_right << "]" << (L.ceil_mode ? ", ceil_mode" : "") << "\n";
    else
        os << "# fully connected: N = " << L.n << " rows, C = " << L.c << " inputs, M = " << L.k << " outputs"
           << (grouped ? ", " + std::to_string(L.groups) + " groups" : std::string()) << "\n";
    os << "problem:\n  version: 0.4\n  shape:\n";
    os << "    name: " << (grouped ? "grouped_conv2D" : "conv2D") << "\n";
    os << "    dimensions: [" << (grouped ? "G, " : "") << "C, M, R, S, N, P, Q]\n";
    os << "    coefficients:\n";
    for (const char* c : {"Wstride", "Hstride", "Wdilation", "Hdilation"})
        os << "      - {name: " << c << ", default: 1}\n";
    os << "    data_spaces:\n";
    writeProjection(os, "Weights", {"G", "C", "M", "R", "S"}, grouped, false);
    writeProjection(os, "Inputs", {"N", "G", "C", "RP", "SQ"}, grouped, false);
    writeProjection(os, "Outputs", {"N", "G", "M", "Q", "P"}, grouped, true);
    const bool conv = L.op == LayerOp::Conv;
    os << "  instance:\n";
    if (grouped) os << "    G: " << g << "\n";
    os << "    C: " << L.c / g << "\n";
    os << "    M: " << L.k / g << "\n";
    os << "    N: " << L.n << "\n";
    os << "    P: " << (conv ? L.q() : 1) << "\n";
    os << "    Q: " << (conv ? L.p() : 1) << "\n";
    os << "    R: " << (conv ? L.s : 1) << "\n";
    os << "    S: " << (conv ? L.r : 1) << "\n";
    os << "    Wstride: " << (conv ? L.stride_w : 1) << "\n";
    os << "    Hstride: " << (conv ? L.stride_h : 1) << "\n";
    os << "    Wdilation: " << (conv ? L.dil_w : 1) << "\n";
    os << "    Hdilation: " << (conv ? L.dil_h : 1) << "\n";
    os << "    H: " << (conv ? L.h : 1) << "\n";
    os << "    W: " << (conv ? L.w : 1) << "\n";
    os << "    Hpad: " << (conv ? L.pad_top : 0) << "\n";
    os << "    Wpad: " << (conv ? L.pad_left : 0) << "\n";
    return os.str();
}

std::vector<ExportFile> timeloopProblems(const Network& net) {
    std::vector<ExportFile> files;
    const size_t width = std::max<size_t>(3, std::to_string(net.layers.size()).size());
    std::ostringstream index;
    index << "file,layer,op,groups,macs,weights,wbits,abits,obits\n";
    for (size_t i = 0; i < net.layers.size(); ++i) {
        const Layer& L = net.layers[i];
        if (!L.hasWeights()) continue;
        std::string num = std::to_string(i);
        num.insert(0, width - num.size(), '0');
        ExportFile f{num + "_" + fileSafeName(L.name) + ".yaml", timeloopProblemYaml(L, net.name)};
        // Layer names may hold commas; quote them for CSV.
        std::string quoted = "\"";
        for (char c : L.name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        quoted += "\"";
        index << f.name << "," << quoted << "," << toString(L.op) << "," << L.groups
              << "," << L.macs() << "," << L.weights() << "," << L.prec.wbits << "," << L.prec.abits << ","
              << L.prec.obits << "\n";
        files.push_back(std::move(f));
    }
    files.push_back({"index.csv", index.str()});
    return files;
}

}  // namespace hcm
