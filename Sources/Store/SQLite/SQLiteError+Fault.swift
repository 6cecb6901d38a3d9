import CSQLite
import Glibc
import Payments

extension SQLiteError {
    /// The fault this error is, or nil when it is an answer rather than a failure (a
    /// constraint: the caller turns it into a domain error).
    var fault: StorageFault? {
        let kind: StorageFault.Kind
        switch code {
        case SQLITE_CONSTRAINT: return nil
        case SQLITE_READONLY: kind = .readOnly
        case SQLITE_FULL: kind = .diskFull
        case SQLITE_CORRUPT, SQLITE_NOTADB: kind = .corrupt
        case SQLITE_BUSY, SQLITE_LOCKED: kind = .busy
        case SQLITE_CANTOPEN: kind = .cannotOpen
        case SQLITE_IOERR:
            // SQLite reports a refused write(2) as SQLITE_IOERR_WRITE whatever the reason: the
            // errno says whether the filesystem is read-only or full.
            switch systemErrno {
            case EROFS, EACCES, EPERM: kind = .readOnly
            case ENOSPC, EFBIG, EDQUOT: kind = .diskFull
            default: kind = .ioError
            }
        default: kind = .other
        }
        return StorageFault(kind: kind, message: description)
    }
}
