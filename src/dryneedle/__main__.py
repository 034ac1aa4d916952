from dryneedle.manage import main

main()
