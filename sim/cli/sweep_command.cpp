// hcmsim sweep: architecture studies over parameter axes; hcmsim merge.
#include <csignal>
#include <filesystem>
#include <iostream>

#include "common_options.hpp"
#include "sim/common/atomic_file.hpp"
#include "sim/common/input_error.hpp"
#include "sim/study/results_table.hpp"
#include "sim/study/sweep.hpp"

namespace hcm::cli {

namespace {
volatile std::sig_atomic_t gSweepStop = 0;
extern "C" void onSweepSignal(int) { gSweepStop = 1; }
}  // namespace

int runSweepCommand(const Args& args) {
    std::string studyPath, out, emitDir, only;
    int jobs = 2;
    int64_t maxArraySize = 1000, pointsPerTask = 1;
    bool list = false;
    po::options_description desc("options");
    desc.add_options()
        ("study", po::value(&studyPath), "study YAML (base config, axes, what to collect)")
        ("jobs,j", po::value(&jobs)->default_value(jobs), "points simulated in parallel (one process each)")
        ("out", po::value(&out), "results CSV (default traces/<study name>.csv); rerunning skips finished points")
        ("emit-jobs", po::value(&emitDir), "write the point list and commands for GNU parallel and Slurm to DIR instead")
        ("max-array-size", po::value(&maxArraySize)->default_value(maxArraySize),
         "with --emit-jobs: most tasks per Slurm job array (the site's MaxArraySize); more points, more arrays")
        ("points-per-task", po::value(&pointsPerTask)->default_value(pointsPerTask),
         "with --emit-jobs: points one Slurm array task runs in turn (more when a point takes less time than Slurm "
         "takes to launch a task)")
        ("only", po::value(&only), "run only the point with this id (used by emitted jobs)")
        ("list", po::bool_switch(&list), "print the points and exit");
    po::variables_map vm;
    if (!parseCommandLine(args, desc, vm,
                          "usage: hcmsim sweep --study FILE [-j N] [--out FILE] [--emit-jobs DIR]\n"
                          "Runs every design point of a study (its own process each) and appends one CSV row per point."))
        return kExitOk;
    if (studyPath.empty()) throwInputError({}, "--study", "a study file is required");
    if (jobs < 1 || jobs > 1024) throwInputError({}, "--jobs", "must be in 1..1024");
    const StudyConfig study = loadStudy(studyPath);
    if (list) {
        for (const auto& p : expandPoints(study)) {
            std::cout << p.id;
            for (const auto& [k, v] : p.values) std::cout << " " << k << "=" << v;
            std::cout << "\n";
        }
        return kExitOk;
    }
    if (!emitDir.empty()) {
        if (maxArraySize < 1 || maxArraySize > 100000000)
            throwInputError({}, "--max-array-size", "must be in 1..100000000");
        if (pointsPerTask < 1 || pointsPerTask > 100000000)
            throwInputError({}, "--points-per-task", "must be in 1..100000000");
        emitJobs(study, studyPath, emitDir, size_t(maxArraySize), size_t(pointsPerTask));
        std::cerr << "hcmsim sweep: wrote " << expandPoints(study).size() << " commands to " << emitDir
                  << "/commands.txt (run_parallel.sh; Slurm: slurm_submit.sh)\n";
        return kExitOk;
    }
    SweepOptions opt;
    opt.jobs = jobs;
    opt.out = out.empty() ? "traces/" + study.name + ".csv" : out;
    opt.only = only;
    opt.stop = &gSweepStop;
    const std::string parent = std::filesystem::path(opt.out).parent_path().string();
    if (!parent.empty()) ensureDirectory(parent);
    struct sigaction sa {};
    sa.sa_handler = onSweepSignal;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
    const SweepSummary s = runSweep(study, opt);
    std::cerr << "hcmsim sweep: " << s.points << " points: " << s.ok << " run, " << s.skipped << " already done, "
              << s.infeasible << " infeasible, " << s.failed << " failed -> " << opt.out << "\n";
    if (s.interrupted) return kExitInterrupted;
    if (s.failed > 0 && s.ok == 0 && s.skipped == 0) return kExitBadInput;
    return kExitOk;
}

int runMerge(const Args& args) {
    std::vector<std::string> inputs;
    std::string out, pointsFile;
    bool allowMissing = false;
    po::options_description desc("options");
    desc.add_options()
        ("inputs", po::value(&inputs)->composing(), "result CSVs to combine")
        ("out", po::value(&out), "merged CSV (default: stdout)")
        ("points", po::value(&pointsFile),
         "the study's point list (points.csv of sweep --emit-jobs): every point must have a row; rows in its order")
        ("allow-missing", po::bool_switch(&allowMissing), "with --points: write the merge even when points are missing");
    po::positional_options_description pos;
    pos.add("inputs", -1);
    std::vector<std::string> rest(args.begin() + 1, args.end());
    for (const auto& a : rest)
        if (a == "--help" || a == "-h") {
            std::cout << "usage: hcmsim merge FILE... [--points points.csv [--allow-missing]] [--out FILE]\n"
                         "Combines study result CSVs (same columns); the last row of each point wins. With --points,\n"
                         "checks that every point of the study has a row (a missing one is an error) and orders the\n"
                         "rows as the points (by the axes, the last one fastest).\n\n"
                      << desc << "\n";
            return kExitOk;
        }
    po::variables_map vm;
    po::store(po::command_line_parser(rest).options(desc).positional(pos).run(), vm);
    po::notify(vm);
    if (inputs.empty()) throwInputError({}, "merge", "no input files");
    if (allowMissing && pointsFile.empty()) throwInputError({}, "--allow-missing", "needs --points");
    ResultsTable t = mergeResults(inputs);
    if (!pointsFile.empty()) {
        MergeCheck c = checkAgainstPoints(t, pointsFile);
        const size_t total = c.table.rows.size() + c.missing.size();
        std::cerr << "hcmsim merge: " << total << " points: " << c.ok << " ok, " << c.failed << " failed, "
                  << c.infeasible << " infeasible, " << c.missing.size() << " missing\n";
        if (!c.missing.empty() && !allowMissing) {
            std::string ids;
            for (size_t i = 0; i < c.missing.size() && i < 10; ++i) ids += (i ? ", " : "") + c.missing[i];
            if (c.missing.size() > 10) ids += ", ...";
            throwInputError({pointsFile, 0, 0}, "point",
                            std::to_string(c.missing.size()) + " of " + std::to_string(total) +
                                " points have no result: " + ids + " (rerun them, or --allow-missing)");
        }
        t = std::move(c.table);
    }
    const std::string text = resultsText(t);
    if (out.empty())
        std::cout << text;
    else
        writeFileAtomic(out, text);
    return kExitOk;
}

}  // namespace hcm::cli
