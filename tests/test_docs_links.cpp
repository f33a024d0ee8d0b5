// The documentation's relative links lead somewhere: every `[text](path)` in
// README.md and the Markdown under docs/ (and the READMEs of the top-level
// folders) names a file or folder of the repository, and the docs do not send
// readers outside it (to ../shared or an issue tracker's numbers).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_runner.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> markdownFiles() {
    const fs::path root = hcm::test::sourcePath("");
    std::vector<fs::path> files = {root / "README.md"};
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        const std::string rel = fs::relative(e.path(), root).string();
        if (rel.rfind("build", 0) == 0 || rel.rfind(".git", 0) == 0 || rel.rfind("traces", 0) == 0) continue;
        if (e.is_regular_file() && e.path().extension() == ".md" && e.path() != root / "README.md")
            files.push_back(e.path());
    }
    return files;
}

}  // namespace

TEST(DocsLinks, EveryRelativeLinkExists) {
    const std::regex link(R"(\]\(([^)#\s]+)(#[^)]*)?\))");
    const auto files = markdownFiles();
    ASSERT_GT(files.size(), 5u);
    for (const fs::path& f : files) {
        std::ifstream in(f);
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string text = ss.str();
        for (auto it = std::sregex_iterator(text.begin(), text.end(), link); it != std::sregex_iterator(); ++it) {
            const std::string target = (*it)[1].str();
            if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0 || target.rfind("mailto:", 0) == 0)
                continue;
            EXPECT_TRUE(fs::exists(f.parent_path() / target)) << f << " links to a missing " << target;
            EXPECT_EQ(target.find("shared/"), std::string::npos) << f << " points outside the repository: " << target;
        }
    }
}
