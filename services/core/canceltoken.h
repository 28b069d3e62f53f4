#pragma once

#include <atomic>
#include <memory>

// A flag shared between whoever starts a request and whoever may call it off. Copies share the flag;
// cancel() may be called from any thread. The OpenAI client checks it between attempts and while a reply
// is in flight (then it aborts the reply), and answers Error::Cancelled.
class CancelToken
{
public:
    CancelToken()
        : m_state(std::make_shared<State>())
    {
    }
    void cancel() const { m_state->flag.store(true); }
    bool isCancelled() const
    {
        for (const State *s = m_state.get(); s; s = s->parent.get()) {
            if (s->flag.load())
                return true;
        }
        return false;
    }
    // A token that is cancelled with this one, and can also be cancelled on its own (to stop the
    // siblings of a failed sub-request without touching the caller's token).
    CancelToken child() const
    {
        CancelToken token;
        token.m_state->parent = m_state;
        return token;
    }

private:
    struct State
    {
        std::atomic<bool> flag { false };
        std::shared_ptr<const State> parent;
    };
    std::shared_ptr<State> m_state;
};
