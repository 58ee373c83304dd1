using System;
using System.Threading.Tasks;

namespace S365.Windows
{
    /// <summary>
    /// How every entry point answers edge-js: with a Task run on the thread pool. A Task that is
    /// already complete when edge-js gets it is answered synchronously, and a faulted one is then
    /// thrown into the JavaScript caller instead of reaching its callback; on the pool it never is,
    /// and blocking work (network I/O) leaves Node's event loop free.
    /// </summary>
    internal static class Bridge
    {
        public static Task<object> Run(Func<object> work)
        {
            return Task.Run(work);
        }
    }
}
