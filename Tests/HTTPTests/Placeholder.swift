// Tests for this module: see its issue.
import XCTest
