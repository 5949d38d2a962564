"""socklab grader modules, used by grader/grade (the one entry point):

    intake    which lab and program each file of a folder of course-named files is
    reports   JUnit XML, Markdown and GitHub Classroom renderings of the results model
    classbook grading a whole class: roster, GNU parallel pool, gradebook, summary, resume
"""
