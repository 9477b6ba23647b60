// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

namespace faltung
{

// A value that moves to its target in a straight line over a fixed number of
// samples, so that gain and mix changes never click, however fast they come.
// A new target while ramping starts a new ramp from where the value is.
class LinearSmoother
{
public:
    void reset(int rampSamples, float value) noexcept
    {
        rampSamples_ = rampSamples < 1 ? 1 : rampSamples;
        setImmediately(value);
    }

    void setImmediately(float value) noexcept
    {
        current_ = target_ = value;
        remaining_ = 0;
    }

    void setTarget(float target) noexcept
    {
        if (target == target_)
            return;
        target_ = target;
        remaining_ = rampSamples_;
        step_ = (target_ - current_) / static_cast<float>(rampSamples_);
    }

    float next() noexcept
    {
        if (remaining_ > 0)
        {
            current_ = --remaining_ == 0 ? target_ : current_ + step_;
        }
        return current_;
    }

    // Advances by n samples at once, for control-rate values.
    float skip(int n) noexcept
    {
        if (remaining_ <= n)
        {
            remaining_ = 0;
            current_ = target_;
        }
        else
        {
            remaining_ -= n;
            current_ += step_ * static_cast<float>(n);
        }
        return current_;
    }

    bool isRamping() const noexcept { return remaining_ > 0; }
    float current() const noexcept { return current_; }
    float target() const noexcept { return target_; }

private:
    float current_ = 0.0f;
    float target_ = 0.0f;
    float step_ = 0.0f;
    int remaining_ = 0;
    int rampSamples_ = 1;
};

} // namespace faltung
