// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "SettingsOrder.h"

#include <cassert>

namespace faltung
{

SettingsOrder::SettingsOrder(int numParameters)
    : numParameters_(numParameters)
    , parameterTickets_(std::make_unique<std::atomic<Ticket>[]>(static_cast<std::size_t>(numParameters)))
{
}

void SettingsOrder::requestProgram(int index) noexcept
{
    assert(index >= 0 && static_cast<std::uint64_t>(index) < kIndexMask);
    pendingProgram_.store(tick() << kIndexBits | static_cast<std::uint64_t>(index + 1));
}

int SettingsOrder::pendingProgram() const noexcept
{
    const auto pending = pendingProgram_.load();
    return pending == kNone ? -1 : static_cast<int>(pending & kIndexMask) - 1;
}

void SettingsOrder::parameterChanged(int parameterIndex) noexcept
{
    if (parameterIndex < 0 || parameterIndex >= numParameters_)
        return;
    const Ticket ticket = applyingThread_.load() == std::this_thread::get_id() ? applyingTicket_ : tick();
    parameterTickets_[static_cast<std::size_t>(parameterIndex)].store(ticket);
}

SettingsOrder::Ticket SettingsOrder::parameterTicket(int parameterIndex) const noexcept
{
    if (parameterIndex < 0 || parameterIndex >= numParameters_)
        return 0;
    return parameterTickets_[static_cast<std::size_t>(parameterIndex)].load();
}

void SettingsOrder::dropPendingProgramOlderThan(Ticket ticket) noexcept
{
    // A program selected while this request was applied is newer and stays.
    auto pending = pendingProgram_.load();
    while (pending != kNone && (pending >> kIndexBits) < ticket &&
           !pendingProgram_.compare_exchange_weak(pending, kNone))
    {
    }
}

SettingsOrder::Applying::Applying(SettingsOrder& order, Ticket ticket)
    : order_(order)
    , previousThread_(order.applyingThread_.load())
    , previousTicket_(order.applyingTicket_)
{
    order_.applyingTicket_ = ticket;
    order_.applyingThread_.store(std::this_thread::get_id());
}

SettingsOrder::Applying::~Applying()
{
    order_.applyingTicket_ = previousTicket_;
    order_.applyingThread_.store(previousThread_);
}

} // namespace faltung
