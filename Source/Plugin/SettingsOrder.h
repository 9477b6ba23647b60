// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

namespace faltung
{

// Last writer wins among everything that changes the plugin's settings, whichever
// thread it comes from: a restored state, a program, an IR the user loads, and each
// parameter. A host that saves a session right after loading one must get back what
// it gave, not an older request that happened to be applied later.
//
// Every request takes a ticket from one clock when it is made. Requests applied at
// once (state, a program on the message thread, an IR) run one at a time under a
// lock. A program selected off the message thread (possibly on the audio thread,
// where nothing may lock or notify the host) is only recorded, lock-free, and
// applied later by the timer, or by the next state save: then whatever was asked
// for after it wins. A newer state drops it; a newer IR keeps its IR out; a
// parameter changed after it keeps its value.
//
// Parameter changes are seen through the parameters' listener (parameterChanged):
// the ones a request makes while it is applied carry that request's ticket.
class SettingsOrder
{
public:
    using Ticket = std::uint64_t;

    explicit SettingsOrder(int numParameters);

    // What an immediate request replaces: everything (a state or a program) or the IR.
    enum class Scope
    {
        everything,
        impulseResponse,
    };

    // Runs apply() now, alone, as the newest request. Not on the audio thread.
    template <typename Apply>
    void applyNow(Scope scope, Apply&& apply)
    {
        std::lock_guard lock(mutex_);
        const Ticket ticket = tick();
        Applying applying(*this, ticket);
        apply();
        irTicket_ = ticket;
        if (scope == Scope::everything)
            dropPendingProgramOlderThan(ticket);
    }

    // Records a program to apply later. Any thread, lock-free, never waits.
    void requestProgram(int index) noexcept;
    // The program recorded and not applied yet, or -1. Any thread.
    int pendingProgram() const noexcept;

    // Applies the recorded program, if any, as apply(index, isCurrent, irIsCurrent):
    // isCurrent(parameterIndex) is false for a parameter changed after the program
    // was selected, irIsCurrent false when an IR was loaded since. Not on the audio
    // thread. Returns whether there was a program.
    template <typename Apply>
    bool applyPendingProgram(Apply&& apply)
    {
        std::lock_guard lock(mutex_);
        const auto pending = pendingProgram_.exchange(kNone);
        if (pending == kNone)
            return false;
        const Ticket ticket = pending >> kIndexBits;
        const int index = static_cast<int>(pending & kIndexMask) - 1;
        const bool irIsCurrent = irTicket_ < ticket;
        Applying applying(*this, ticket);
        apply(
            index, [this, ticket](int parameter) { return parameterTicket(parameter) < ticket; },
            irIsCurrent);
        if (irIsCurrent)
            irTicket_ = ticket;
        return true;
    }

    // Runs read() while no request is being applied, so that it sees a whole state.
    template <typename Read>
    auto readConsistent(Read&& read)
    {
        std::lock_guard lock(mutex_);
        return read();
    }

    // From the parameters' listener, on the thread that changed the parameter.
    void parameterChanged(int parameterIndex) noexcept;

private:
    static constexpr int kIndexBits = 16;
    static constexpr std::uint64_t kIndexMask = (std::uint64_t{1} << kIndexBits) - 1;
    static constexpr std::uint64_t kNone = 0; // else ticket << kIndexBits | (index + 1)

    // Marks the calling thread as applying a request: the parameter changes it makes
    // carry the request's ticket. Nests (a request made while one is applied, on the
    // same thread, by whatever the first one notified).
    class Applying
    {
    public:
        Applying(SettingsOrder& order, Ticket ticket);
        ~Applying();

    private:
        SettingsOrder& order_;
        std::thread::id previousThread_;
        Ticket previousTicket_;
    };

    Ticket tick() noexcept { return clock_.fetch_add(1) + 1; }
    Ticket parameterTicket(int parameterIndex) const noexcept;
    void dropPendingProgramOlderThan(Ticket ticket) noexcept;

    std::atomic<Ticket> clock_{0};
    std::atomic<std::uint64_t> pendingProgram_{kNone};
    const int numParameters_;
    std::unique_ptr<std::atomic<Ticket>[]> parameterTickets_;

    // One request applied at a time. Recursive: applying one notifies the host, which
    // may make another on the same thread.
    std::recursive_mutex mutex_;
    Ticket irTicket_ = 0; // the newest request that chose the IR (guarded by mutex_)
    std::atomic<std::thread::id> applyingThread_{};
    Ticket applyingTicket_ = 0; // read only by applyingThread_
};

} // namespace faltung
