public enum BourseReportsPlaceholder {}
