// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "RunCommand.h"

#include "TestFiles.h"

#include <cstdlib>
#include <sstream>
#include <sys/wait.h>

namespace faltung::test
{

namespace
{
std::string quoted(const std::string& s)
{
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

std::string slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
} // namespace

CommandResult runCommand(const std::string& program, const std::vector<std::string>& args,
                         const std::string& workingFolder)
{
    ScratchFolder capture;
    std::string command;
    if (!workingFolder.empty())
        command = "cd " + quoted(workingFolder) + " && ";
    command += quoted(program);
    for (const auto& a : args)
        command += " " + quoted(a);
    command += " >" + quoted(capture.file("out")) + " 2>" + quoted(capture.file("err")) + " </dev/null";

    const int status = std::system(command.c_str());
    CommandResult r;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.standardOutput = slurp(capture.file("out"));
    r.standardError = slurp(capture.file("err"));
    return r;
}


} // namespace faltung::test
