// A mutex and a scoped lock that clang's thread-safety analysis (-Wthread-safety) understands,
// and the annotations that state which mutex guards which member (STYLE.md habit 14; leveldb's
// port::Mutex and thread_annotations.h). libstdc++'s std::mutex carries no annotations, so
// shared state guarded through it cannot be checked. Under GCC the annotations expand to
// nothing; the clang builds (the fuzz preset) check them with -Werror=thread-safety.
#pragma once

#include <condition_variable>
#include <mutex>

#if defined(__clang__)
#define VIGIL_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define VIGIL_THREAD_ANNOTATION(x)
#endif

#define VIGIL_CAPABILITY(x) VIGIL_THREAD_ANNOTATION(capability(x))
#define VIGIL_SCOPED_CAPABILITY VIGIL_THREAD_ANNOTATION(scoped_lockable)
#define VIGIL_GUARDED_BY(x) VIGIL_THREAD_ANNOTATION(guarded_by(x))
#define VIGIL_REQUIRES(...) VIGIL_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define VIGIL_ACQUIRE(...) VIGIL_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define VIGIL_RELEASE(...) VIGIL_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define VIGIL_EXCLUDES(...) VIGIL_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))

namespace vigil {

class VIGIL_CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() VIGIL_ACQUIRE() { mutex_.lock(); }
  void Unlock() VIGIL_RELEASE() { mutex_.unlock(); }

  // Releases the mutex while waiting on `condition`, and holds it again on return (which may
  // be spurious: callers wait in a loop over their condition).
  void Wait(std::condition_variable_any& condition) VIGIL_REQUIRES(this) { condition.wait(mutex_); }

 private:
  std::mutex mutex_;
};

// Holds `mutex` for its lifetime.
class VIGIL_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex* mutex) VIGIL_ACQUIRE(mutex) : mutex_(mutex) { mutex_->Lock(); }
  ~MutexLock() VIGIL_RELEASE() { mutex_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* mutex_;
};

}  // namespace vigil
