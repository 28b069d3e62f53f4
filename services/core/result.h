#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

// Errors are data: a code a caller can branch on and a sentence a person can read.
struct Error
{
    enum Code {
        InvalidInput, // the caller's data is wrong (dimension, NaN, unknown archetype, ...)
        NotFound,
        Conflict, // optimistic concurrency: somebody else saved first
        Database, // the database refused or failed
        SchemaTooNew, // the database was written by a newer Sextant
        Io,
        Network,
        Cancelled,
        Internal,
    };
    Code code = Internal;
    QString message;
};

// A std::expected-like value-or-error (std::expected is C++23; we build as C++20).
template<typename T> class [[nodiscard]] Result
{
public:
    // Default-constructed only as a placeholder for QFuture storage; always holds an error.
    Result()
        : m_data(std::in_place_index<1>, Error { Error::Internal, QStringLiteral("No result.") })
    {
    }
    Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {
    }
    Result(Error error)
        : m_data(std::in_place_index<1>, std::move(error))
    {
    }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_data); }
    const T &value() const & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const { return std::get<1>(m_data); }
    QString errorMessage() const { return ok() ? QString() : error().message; }

private:
    std::variant<T, Error> m_data;
};

template<> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
    {
    }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }
    QString errorMessage() const { return ok() ? QString() : m_error->message; }

private:
    std::optional<Error> m_error;
};

inline Error makeError(Error::Code code, QString message)
{
    return Error { code, std::move(message) };
}
